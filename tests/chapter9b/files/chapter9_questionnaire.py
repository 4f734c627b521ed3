#!/usr/bin/env python
# coding: utf-8

# # Lesson 7 / Chapter 9 questionnaire
# 
# Tabular modeling deep dive. Answers written after watching the lesson and rerunning the notebook.

# In[1]:


from fastai.tabular.all import *
path = Path('bluebook')
df = pd.read_csv(path/'TrainAndValid.csv', low_memory=False)


# ### 1. What is a continuous variable?
# 
# Numbers where the numeric value and the order actually mean something, e.g. YearMade or
# MachineHoursCurrentMeter. They can be fed to the model directly.

# ### 2. What is a categorical variable?
# 
# A variable that can only take a limited set of distinct values that have no numeric meaning, like
# ProductGroup or state.

# ### 3. Provide two of the words that are used for the possible values of a categorical variable.
# 
# Nominal and ordinal.

# ### 5. How do entity embeddings reduce memory usage and speed up neural networks?
# 
# An embedding is mathematically the same as one-hot encoding followed by a linear layer, but it's
# implemented as an array lookup with the integer index. So you never store the huge one-hot vectors
# and you skip the wasteful matrix multiply with mostly zeros.

# ### 6. What kinds of datasets are entity embeddings especially useful for?
# 
# Datasets with high-cardinality categorical features (lots of levels, like store IDs or zip codes),
# where other approaches tend to overfit.

# ### 7. What are the two main families of machine learning algorithms?
# 
# Ensembles of decision trees for structured data, and multilayered neural networks trained with SGD
# for unstructured data.

# ### 8. Why do some categorical columns need a special ordering in their classes? How do you do this in Pandas?
# 
# Because some categories have a natural order, e.g. ProductSize: Small < Medium < Large. If the model
# knows the order it can split on it in a meaningful way instead of using alphabetical order.

# ### 9. Summarize what a decision tree algorithm does.
# 
# For every column and every possible split point it checks how good the split into two groups would be
# (how low the weighted mse of the two groups is), picks the best one, and then recursively does the
# same on each of the two groups until a stopping rule like min_samples_leaf is hit. The prediction for
# a row is the average target of the leaf it ends up in.

# ### 10. Why is a date different from a regular categorical or continuous variable, and how can you preprocess it to allow it to be used in a model?
# 
# A date has a lot of extra info hidden in it - day of week, month, quarter, holidays, end of month -
# that matters for sales but isn't visible if you treat it as just a number or a category. Use
# `add_datepart` to expand it into those columns (see below).

# In[7]:


df = add_datepart(df, 'saledate')
' '.join(o for o in df.columns if o.startswith('sale'))


# ### 11. Should you pick a random validation set in the bulldozer competition? If no, what kind of validation set should you pick?
# 
# No, since it's a time series we should use the last part of the data (e.g. sales from Oct 2011
# onwards) as validation, like the Kaggle test set which comes after the training data.

# ### 15. How do we handle categorical variables in a decision tree?
# 
# The tree just splits on the category codes like any number. It can't isolate a single category in the
# middle of the codes though, so columns with many levels need to be one-hot encoded first.

# ### 16. What is bagging?
# 
# Bootstrap aggregating: train several models on different random samples of the data (with
# replacement) and average them. Their errors are uncorrelated so they average out.

# ### 17. What is the difference between `max_samples` and `max_features` when creating a random forest?
# 
# max_samples = how many rows are sampled to train each tree; max_features = what fraction of the
# columns is considered at each split.

# ### 18. If you increase `n_estimators` to a very high value, can that lead to overfitting? Why or why not?
# 
# Yes, with too many trees the forest ends up memorising the training data and the validation error
# starts going up again, so n_estimators should be tuned on the validation set.

# ### 20. What is "out-of-bag-error"?
# 
# Each tree only sees part of the rows. For each row we use the trees that didn't see it to predict it;
# the error over those predictions is the OOB error. It gives a validation estimate without needing a
# separate validation set.

# ### 24. What's a good type of plot for showing tree interpreter results?
# 
# TODO - come back after running the treeinterpreter cell

# In[ ]:


#from treeinterpreter import treeinterpreter
#from waterfall_chart import plot as waterfall


# ### 25. What is the "extrapolation problem"?
# 
# A model (especially a random forest) can't predict outside the range of values it saw during
# training, so if the validation/test data lies beyond that range (e.g. future prices with an upward
# trend) the predictions are systematically too low.

# ### 26. How can you tell if your test or validation set is distributed in a different way than your training set?
# 
# If the validation loss is much higher than the training loss, the validation set must come from a
# different distribution.

# ### 28. What is "boosting"?
# 
# Train a model, then train the next model on the residuals (errors) of the previous ones, and so on;
# add up all their predictions at the end. That's how gradient boosted trees work.

# ### 30. Why might we not always use a neural net for tabular modeling?
# 
# Random forests / GBMs are usually about as good, much faster to train, need less tuning and
# preprocessing, and are easier to interpret. A NN is worth trying when there are high-cardinality
# categorical columns or text/image columns.

# In[ ]:




