# Splits each sentence into words: Storm's multilang word count bolt, on squall's storm.py.
import storm


class SplitSentenceBolt(storm.BasicBolt):
    def process(self, tup):
        for word in tup.values[0].split():
            storm.emit([word])


SplitSentenceBolt().run()
